/**
 * Kubernetes name and label grammars, as the API server's validation applies them.
 *
 * Each check returns `undefined` when the value is valid, or a sentence saying what is wrong and
 * what would be valid, so that configuration errors can show it as is.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A lower-case RFC 1123 label: namespaces, container and port names. */
export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (it has ${value.length})`;
  if (!DNS1123_LABEL.test(value)) {
    return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** A lower-case RFC 1035 label: Service names. */
export function checkDns1035Label(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (it has ${value.length})`;
  if (!DNS1035_LABEL.test(value)) {
    return 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  return undefined;
}

/** A lower-case RFC 1123 subdomain: most object names, secrets, storage classes, hosts. */
export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `must be at most 253 characters (it has ${value.length})`;
  const labels = value.split('.');
  if (labels.some((label) => label.length > 63 || !DNS1123_LABEL.test(label))) {
    return 'must be a DNS-1123 subdomain: dot-separated parts of lower-case letters, digits and "-", each starting and ending with a letter or digit';
  }
  return undefined;
}

/** A host name for an Ingress rule: a DNS subdomain that is not an IP address. */
export function checkHostName(value: string): string | undefined {
  if (IPV4.test(value) || value.includes(':')) return 'must be a DNS name, not an IP address';
  if (value !== value.toLowerCase()) return 'must be lower case';
  return checkDns1123Subdomain(value);
}

/** A label (or node selector, or toleration) key: an optional DNS subdomain prefix and `/`, then a name. */
export function checkLabelKey(value: string): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined && (prefix === '' || checkDns1123Subdomain(prefix))) {
    return 'must have a DNS-1123 subdomain before the "/" (like "example.com/name")';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must be a label key: 1 to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit, with an optional "prefix/"';
  }
  return undefined;
}

/** A label (or node selector, or toleration) value: empty, or up to 63 name characters. */
export function checkLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return 'must be a label value: empty, or up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';
  }
  return undefined;
}

/** A container environment variable name. */
export function checkEnvVarName(value: string): string | undefined {
  if (!ENV_VAR_NAME.test(value)) {
    return 'must be an environment variable name: letters, digits, "_", "-" or ".", not starting with a digit';
  }
  return undefined;
}

// The docker reference grammar (distribution/reference): [host[:port]/]path[:tag][@digest].
const ALNUM = '[a-z0-9]+';
const PATH_COMPONENT = `${ALNUM}(?:(?:[._]|__|-+)${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);

/** A container image reference as the container runtime parses it. */
export function checkImageReference(value: string): string | undefined {
  const match = IMAGE_REFERENCE.exec(value);
  if (match && (match[1] ?? '').length + 1 + match[2].length <= 255) return undefined;
  const lower = value.replace(/^([^/]*[.:][^/]*\/|localhost\/)?([^:@]*)/, (_all, domain = '', path: string) => `${domain}${path.toLowerCase()}`);
  if (lower !== value && IMAGE_REFERENCE.test(lower)) return `must have a lower-case repository path (did you mean "${lower}"?)`;
  return 'must be a container image reference: [registry[:port]/]repository[:tag][@digest], with a lower-case repository path, '
    + 'a tag of letters, digits, "_", "." or "-" (at most 128), like "ghcr.io/all-hands-ai/runtime:0.62-nikolaik"';
}

/** A volume mount path: absolute, not `/`, no `..` component, no newline or NUL. */
export function checkMountPath(value: string): string | undefined {
  if (!value.startsWith('/')) return 'must be an absolute path, like "/workspace"';
  if (/[\n\r\0]/.test(value)) return 'must not contain a newline or NUL character';
  if (value.split('/').includes('..')) return 'must not contain a ".." component';
  if (/^\/+$/.test(value)) return 'must not be "/" (the volume would hide the whole image)';
  return undefined;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const LABEL_NAME_PATTERN = '([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]';
const PATH_CHAR = '[^/\\n\\r\\u0000]';
const MOUNT_SEGMENT = `([^/\\n\\r\\u0000.]${PATH_CHAR}*|\\.[^/\\n\\r\\u0000.]${PATH_CHAR}*|\\.\\.${PATH_CHAR}+|\\.)`;

/**
 * The grammars above as JSON Schema patterns (ECMA regex, whole string), so an editor catches
 * what synth catches where a pattern can say it. Lengths go in maxLength beside them.
 */
/** The API server's limit on the total size of an object's annotations (keys and values, in bytes). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

export const JSON_SCHEMA_PATTERNS = {
  dns1123Label: `^${LABEL}$`,
  dns1123Subdomain: `^${SUBDOMAIN}$`,
  optionalDns1123Subdomain: `^(${SUBDOMAIN})?$`,
  labelKey: `^(${SUBDOMAIN}/)?${LABEL_NAME_PATTERN}$`,
  optionalLabelKey: `^((${SUBDOMAIN}/)?${LABEL_NAME_PATTERN})?$`,
  labelValue: `^(${LABEL_NAME_PATTERN})?$`,
  envVarName: ENV_VAR_NAME.source,
  imageReference: IMAGE_REFERENCE.source,
  // Segments, none of them `..`, at least one non-empty; no lookaround (editors' regex engines lack it).
  mountPath: `^(/+${MOUNT_SEGMENT})+/*$`,
} as const;
