/**
 * A running case or campaign keeps the policy version it started with: its policy is looked up by
 * that version among the versions installed. An unknown version is a broken invariant (a history
 * from a newer build, a typo in a migration), never a reason to fall back to the current policy.
 */
export function policyLookup<P extends { version: string }>(
  what: string,
  installed: readonly P[],
): (version: string) => P {
  const byVersion = new Map(installed.map((policy) => [policy.version, policy]));
  return (version) => {
    const policy = byVersion.get(version);
    if (!policy) throw new Error(`unknown ${what} version "${version}"`);
    return policy;
  };
}
