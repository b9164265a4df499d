import type { Decoder } from '../decode.js';
import { Fields } from '../decode.js';
import { defineResource, each, free, fromVersion } from './define.js';

/** The installed license as every version is decoded into; a field a version does not send is null. */
export interface LicenseModel {
  status: string | null;
  type: string | null;
  licensedTo: string | null;
  expirationDate: string | null;
  /** v7+. */
  gracePeriodExpirationDate: string | null;
  totalUsers: number | null;
  usedUsers: number | null;
  /** v6+. */
  newUsers: number | null;
}

/** The fields every version writes alike (`RESTLicense`; v5 as Veeam's v5 reference documents it). */
function common(f: Fields): Omit<LicenseModel, 'expirationDate' | 'gracePeriodExpirationDate'> {
  return {
    status: f.optionalString('status'),
    type: f.optionalString('type'),
    licensedTo: f.optionalString('licensedTo'),
    totalUsers: f.optionalInt('totalNumber'),
    usedUsers: f.optionalInt('usedNumber'),
    newUsers: f.optionalInt('newNumber'),
  };
}

/** v5/v6: `expirationDate`, no grace period. */
export const decodeLicenseV5: Decoder<LicenseModel> = (value) => {
  const f = Fields.of(value, 'license');
  return { ...common(f), expirationDate: f.optionalDateTime('expirationDate'), gracePeriodExpirationDate: null };
};

/** v7+: `licenseExpires` and `gracePeriodExpires`. */
export const decodeLicenseV7: Decoder<LicenseModel> = (value) => {
  const f = Fields.of(value, 'license');
  return { ...common(f), expirationDate: f.optionalDateTime('licenseExpires'), gracePeriodExpirationDate: f.optionalDateTime('gracePeriodExpires') };
};

/** `/License`: one object without an id (a singleton, read with `api.singleton`). */
export default defineResource({
  name: 'license',
  what: 'license',
  routes: { license: 'license' },
  decoders: fromVersion({ v5: decodeLicenseV5, v7: decodeLicenseV7 }),
  costs: {
    Query: { license: each },
    License: {
      status: free,
      type: free,
      licensedTo: free,
      expirationDate: free,
      gracePeriodExpirationDate: free,
      totalUsers: free,
      usedUsers: free,
      newUsers: free,
    },
  },
});
