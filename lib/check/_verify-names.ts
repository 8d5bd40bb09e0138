import { APP_LABEL, runtimeNames } from '../openhands/runtime-names';
import { objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

const FIX = 'drop namePrefix/nameSuffix (and renaming patches) for the session objects: OpenHands finds them by these exact names';

/**
 * Session objects renamed (`namePrefix`, `nameSuffix`, a patch): OpenHands looks a sandbox up by
 * the names it derives from the session id, so a renamed pod is never found and OpenHands creates
 * a second one beside it. Checked for each pre-provisioned pod, its claim and its Services.
 */
export function nameProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const pod of objects.filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === APP_LABEL && o.metadata.labels?.session)) {
    const names = runtimeNames(pod.metadata.labels!.session);
    if (pod.metadata.name !== names.pod) {
      problems.push({ severity: 'error', object: objectRef(pod), field: 'metadata.name', message: `is not ${names.pod}, the name OpenHands gives session ${pod.metadata.labels!.session}'s pod`, fix: FIX });
    }
    (pod.spec?.volumes ?? []).forEach((volume: any, i: number) => {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim !== undefined && claim !== names.pvc) {
        problems.push({ severity: 'error', object: objectRef(pod), field: `spec.volumes[${i}].persistentVolumeClaim.claimName`, message: `is ${claim}, not ${names.pvc}, the workspace claim OpenHands names`, fix: FIX });
      }
    });
  }
  for (const service of objects.filter((o) => o.kind === 'Service' && o.spec?.selector?.app === APP_LABEL && o.spec?.selector?.session)) {
    const names = runtimeNames(service.spec.selector.session);
    if (service.metadata.name !== names.service && service.metadata.name !== names.codeService) {
      problems.push({ severity: 'error', object: objectRef(service), field: 'metadata.name', message: `is neither ${names.service} nor ${names.codeService}, the names OpenHands gives session ${service.spec.selector.session}'s Services`, fix: FIX });
    }
  }
  return problems;
}
