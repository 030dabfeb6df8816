import type { ServerConfig } from '../config/config.js';
import type { CollectionSet } from '../taxii/collection-set.js';
import { DISCOVERY, type TaxiiVersion } from './version-choice.js';

/** Every URL a client needs, as `info` prints it and the server logs it at start. */
export interface ServiceUrls {
  /** Discovery per TAXII version served, e.g. `{ '2.1': 'https://host/taxii2/' }`. */
  discovery: Partial<Record<TaxiiVersion, string>>;
  apiRoots: string[];
  collections: Array<{ id: string; title: string; url: string; objects: string }>;
}

/**
 * The URLs under a root URL (the public base URL, or where the server listens, with the path
 * prefix). Collections are listed whoever may read them: this is the operator's view.
 */
export function serviceUrls(
  config: Pick<Readonly<ServerConfig>, 'versions' | 'apiRoot'>,
  baseUrl: string,
  collections: CollectionSet,
): ServiceUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const apiRoot = `${base}/${config.apiRoot.name}/`;
  const discovery: ServiceUrls['discovery'] = {};
  for (const version of ['2.1', '2.0'] as const) {
    if (config.versions.includes(version)) discovery[version] = `${base}${DISCOVERY[version]}`;
  }
  return {
    discovery,
    apiRoots: [apiRoot],
    collections: collections.all.map((c) => ({
      id: c.id,
      title: c.title,
      url: `${apiRoot}collections/${c.id}/`,
      objects: `${apiRoot}collections/${c.id}/objects/`,
    })),
  };
}

/** The root URL clients use: the public base URL when set, else the listening address. */
export function clientBaseUrl(config: Readonly<ServerConfig>, listening: string): string {
  return (config.publicBaseUrl ?? `${listening}${config.pathPrefix}`).replace(/\/+$/, '');
}
