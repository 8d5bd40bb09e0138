/**
 * The Kubernetes 1.28 API classes (L1 constructs) used by every construct in this project.
 *
 * They come from cdk8s-plus-28, which ships the output of `cdk8s import k8s@1.28.0`; this file is
 * the single place the project takes them from (see imports/README.md). It imports the module
 * itself rather than `import { k8s } from 'cdk8s-plus-28'`: the package index also loads every
 * cdk8s-plus L2 construct, which synth never uses and which costs tens of milliseconds per run.
 */
export import k8s = require('cdk8s-plus-28/lib/imports/k8s');
