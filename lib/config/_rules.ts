import { z } from 'zod';
import { checkLabelKey, checkLabelValue } from '../kube/names';
import { checkQuantity, QuantityKind } from '../kube/quantity';
import { SELECTOR_LABEL_KEYS } from '../openhands/runtime-names';

/** A string check that returns a problem sentence, or `undefined` when the value is valid. */
export type Check = (value: string) => string | undefined;

/** Turns a problem-sentence check into a zod refinement. */
export const rule = (check: Check) => (value: string, ctx: z.RefinementCtx) => {
  const problem = check(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};

/** Empty strings keep OpenHands' meaning of "unset" for these keys, so they are not checked. */
export const unlessEmpty = (check: Check): Check => (value) => (value === '' ? undefined : check(value));

/** A quantity check for one kind of resource. */
export const quantity = (kind: QuantityKind): Check => (value) => checkQuantity(value, kind);

/** A map of Kubernetes labels. */
export const labelMap = z.record(z.string().superRefine(rule(checkLabelKey)), z.string().superRefine(rule(checkLabelValue)));

/** Extra labels of generated objects: any labels but the selector labels OpenHands' Services rely on. */
export const extraLabels = labelMap.superRefine((labels, ctx) => {
  for (const key of Object.keys(labels).filter((name) => SELECTOR_LABEL_KEYS.includes(name))) {
    ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is a selector label the Services rely on and cannot be overridden`, input: labels[key] });
  }
});
