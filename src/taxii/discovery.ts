import { jsonReply, type Reply, type RequestContext, type TaxiiService } from './service.js';

/** Server discovery (TAXII 2.1 section 4.1): the API roots, as absolute URLs. */
export function getDiscovery(service: TaxiiService, rc: RequestContext): Reply {
  const { config } = service;
  const apiRoot = `${rc.baseUrl}/${config.apiRoot.name}/`;
  return jsonReply({
    title: config.title,
    ...(config.description ? { description: config.description } : {}),
    ...(config.contact ? { contact: config.contact } : {}),
    default: apiRoot,
    api_roots: [apiRoot],
  });
}
