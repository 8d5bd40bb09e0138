// The baseline of `npm run bench`: the same chart as a stock cdk8s app (the typescript-app
// template's shape), synthesized by `cdk8s synth` through ts-node, as cdk8s projects run by default.
import { App } from 'cdk8s';
import { loadConfig } from '../../lib/load-config';
import { SandboxChart } from '../../lib/sandbox-chart';

const config = loadConfig(process.env.BENCH_CONFIG ?? '../../config.toml', {});
const app = new App();
new SandboxChart(app, 'baseline', { config, instance: 'baseline' });
app.synth();
