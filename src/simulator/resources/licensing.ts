import { createHash } from 'node:crypto';
import { canSeeOrganization, type OrganizationRecord, type SimulatorData } from '../data.js';
import { ApiError } from '../errors.js';
import { API_VERSIONS, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

const DAY = 24 * 60 * 60 * 1000;
/** .NET's DateTime.MinValue: how the server writes "never" in a non-nullable date-time. */
const NOT_SET = '0001-01-01T00:00:00';
const LICENSED_UNITS = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAILBOXES = [
  'adele.vance',
  'alex.wilber',
  'diego.siciliani',
  'grady.archie',
  'isaiah.langer',
  'johanna.lorenz',
  'lee.gu',
  'lidia.holloway',
  'megan.bowen',
  'miriam.graham',
  'nestor.wilke',
];

/** A licensed user of the demo data: a few per organization, derived from its id. */
interface LicensedUserRecord {
  readonly id: string;
  readonly name: string;
  readonly organization: OrganizationRecord;
  readonly isBackedUp: boolean;
  readonly lastBackupDate: string;
  readonly licenseState: 'Licensed' | 'New';
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Users per organization, in organization order: 3 to 10 each; every fifth never backed up, the last one `New`. */
function licensedUsers(data: SimulatorData): LicensedUserRecord[] {
  return data.organizations.flatMap((organization) => {
    const count = 3 + (digest(`users|${organization.id}`).readUInt32BE(0) % 8);
    return Array.from({ length: count }, (_, n): LicensedUserRecord => {
      const isBackedUp = organization.isBackedup && n % 5 !== 4;
      return {
        // Plain strings, as the API types them: not GUIDs.
        id: digest(`user|${organization.id}|${n}`).toString('hex').slice(0, 32),
        name: `${MAILBOXES[n % MAILBOXES.length]}${n >= MAILBOXES.length ? n : ''}@${organization.name}`,
        organization,
        isBackedUp,
        lastBackupDate: isBackedUp ? (organization.lastBackuptime ?? NOT_SET) : NOT_SET,
        licenseState: n === count - 1 ? 'New' : 'Licensed',
      };
    });
  });
}

/** `RESTLicensedUser` (field order of the specs). */
function renderUser(u: LicensedUserRecord) {
  return {
    id: u.id,
    name: u.name,
    isBackedUp: u.isBackedUp,
    lastBackupDate: u.lastBackupDate,
    licenseState: u.licenseState,
    organizationId: u.organization.id,
    backedUpOrganizationId: u.organization.id,
    organizationName: u.organization.officeName,
  };
}

/** ASP.NET binds query parameters case-insensitively; the first occurrence wins. */
function parameter(query: URLSearchParams, name: string): string | undefined {
  return [...query].find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** The license expires 240 days after the newest backup of the data, its grace period 30 days later. */
function expiry(data: SimulatorData): { expires: string; graceEnds: string } {
  const newest = Math.max(0, ...data.organizations.map((o) => (o.lastBackuptime === null ? 0 : Date.parse(o.lastBackuptime))).filter(Number.isFinite));
  const expires = Math.floor((newest || Date.UTC(2025, 0, 1)) / DAY) * DAY + 240 * DAY;
  return { expires: new Date(expires).toISOString(), graceEnds: new Date(expires + 30 * DAY).toISOString() };
}

/** `RESTLicense` as each version writes it: v5 (Veeam's v5 reference) and v6 `expirationDate`; v7+ `licenseExpires`, `gracePeriodExpires`. */
function renderLicense({ version, store, user }: ReadContext) {
  // The license is the server's: an operator limited to some organizations may not read it.
  if (user.organizations !== 'all') throw new ApiError(403, 'Access to the license is denied.', 'ResourceAccessDenied');
  const users = licensedUsers(store.data);
  const { expires, graceEnds } = expiry(store.data);
  const v6 = since(version, 'v6');
  const v7 = since(version, 'v7');
  return {
    ...(v6 ? { licenseID: '6f0e2d4c-1b3a-4c5d-8e9f-0a1b2c3d4e5f', email: 'licensing@contoso.invalid' } : {}),
    status: 'Valid',
    ...(v7 ? { licenseExpires: expires, gracePeriodExpires: graceEnds } : { expirationDate: expires }),
    type: 'Subscription',
    ...(v7 ? { package: 'None' } : {}),
    licensedTo: 'Contoso Ltd.',
    ...(v7 ? {} : { contactPerson: 'Adele Vance' }),
    totalNumber: LICENSED_UNITS,
    usedNumber: users.filter((u) => u.licenseState === 'Licensed').length,
    ...(v6 ? { newNumber: users.filter((u) => u.licenseState === 'New').length } : {}),
    ...(v6 ? { supportID: '01234567' } : { supportId: '01234567' }),
    ...(v7 ? {} : { supportExpirationDate: expires }),
  };
}

/**
 * `GET /License` (v5+) and `GET /LicensedUsers` (pages, v6+; `organizationId` filter). The license
 * is the server's; the licensed users are those of the organizations the caller may see.
 */
export default {
  routes: [
    {
      pattern: ['license'],
      versions: API_VERSIONS,
      read: renderLicense,
    },
    {
      pattern: ['licensedusers'],
      versions: API_VERSIONS.filter((version) => since(version, 'v6')),
      read: (context) => {
        const organizationId = parameter(context.query, 'organizationId');
        if (organizationId !== undefined && !GUID.test(organizationId)) throw new ApiError(400, `'${organizationId}' is not a valid organization ID.`);
        const users = licensedUsers(context.store.data).filter(
          (u) => canSeeOrganization(context.user, u.organization.id) && (organizationId === undefined || u.organization.id === organizationId.toLowerCase()),
        );
        const filters = new URLSearchParams(organizationId === undefined ? {} : { organizationId });
        return context.render.page('licensedusers', context.window(), users, renderUser, filters);
      },
    },
  ],
} satisfies SimulatorResource;
