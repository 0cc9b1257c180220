import { describe, expect, it } from 'vitest';
import { synth } from '../helpers/synth.ts';

describe('the stack', () => {
  it('is Plein-<stage>, environment-agnostic, with the outputs a deployer needs', () => {
    for (const stage of ['dev', 'prod']) {
      const { stack, template } = synth(stage === 'dev' ? {} : { context: { stage } });
      expect(stack.stackName).toBe(`Plein-${stage}`);
      expect(stack.environment).toBe('aws://unknown-account/unknown-region');
      const outputs = template.findOutputs('*');
      for (const name of ['SiteUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'Region']) {
        expect(outputs[name], name).toBeDefined();
      }
      expect(outputs.Region?.Value).toEqual({ Ref: 'AWS::Region' });
    }
  });
});
