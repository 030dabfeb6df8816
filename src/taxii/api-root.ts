import { TaxiiError } from '../server/errors.js';
import { TAXII_21 } from '../server/media-types.js';
import { jsonReply, type Reply, type TaxiiService } from './service.js';

/** API root information (TAXII 2.1 section 4.2, TAXII 2.0 section 4.2). */
export function getApiRoot(
  service: TaxiiService,
  apiRoot: string,
  versions: readonly string[] = [TAXII_21],
): Reply {
  requireApiRoot(service, apiRoot);
  const { title, description, maxContentLength } = service.config.apiRoot;
  return jsonReply({
    title,
    ...(description ? { description } : {}),
    versions,
    max_content_length: maxContentLength,
  });
}

/** Guard: the path names the configured API root. */
export function requireApiRoot(service: TaxiiService, apiRoot: string): void {
  if (apiRoot !== service.config.apiRoot.name) {
    throw new TaxiiError('not_found', `There is no API root "${apiRoot}" on this server.`);
  }
}
