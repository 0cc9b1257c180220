// Preloaded into emulator child processes: when the parent dies, even by SIGKILL, the IPC channel closes
// and the child exits too, so no orphan keeps a port or the data folder.
process.on('disconnect', () => process.exit(0));
