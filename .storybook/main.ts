import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  // Controls, actions, toolbars and interactions are built into Storybook 10: no addons needed.
  addons: [],
  // With telemetry on, Storybook waits on the network, which this project's machines don't have.
  core: { disableTelemetry: true },
  // The elements (and the client, the contract) from their TypeScript sources: no build first.
  viteFinal: (config) =>
    mergeConfig(config, { resolve: { conditions: ['@member-center/source', ...defaultClientConditions] } }),
};

export default config;
