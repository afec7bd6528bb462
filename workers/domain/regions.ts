/**
 * Datacenter regions offered at sign-up (A1). The code is stored on the account and picks
 * the region store (REGION_STORES) that holds the account's backups; it never changes.
 */
export const REGIONS = [
  { code: 'us', name: 'US' },
  { code: 'ca', name: 'Canada' },
  { code: 'eu-ie', name: 'EU (Ireland)' },
  { code: 'eu-de', name: 'EU (Frankfurt)' },
  { code: 'eu-fr', name: 'EU (Paris)' },
  { code: 'uk', name: 'UK' },
  { code: 'au', name: 'Australia' },
  { code: 'jp', name: 'Japan' },
  { code: 'in', name: 'India' },
  { code: 'za', name: 'South Africa' },
] as const;

export type RegionCode = (typeof REGIONS)[number]['code'];

export const REGION_CODES = REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]];

export function regionName(code: string): string {
  return REGIONS.find((r) => r.code === code)?.name ?? code;
}
