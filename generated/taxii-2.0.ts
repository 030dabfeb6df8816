// Generated from openapi/taxii-2.0.yaml by openapi-typescript; do not edit.
// Change the document instead and run `npm run generate` (node scripts/generate.js).

export interface paths {
    "/taxii/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discover the server and its API roots
         * @description Implements TAXII 2.0 section 4.1 (Server Discovery). The path is fixed by the standard and is matched before the `/{api_root}/` template, so an API root named `taxii` could not be reached at its own URL.
         */
        get: operations["getDiscovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
            };
            cookie?: never;
        };
        /**
         * Get information about an API root
         * @description Implements TAXII 2.0 section 4.2 (Get API Root Information). `versions` names the TAXII versions the API root serves as TAXII 2.0 spells them, `taxii-2.0`.
         */
        get: operations["getApiRoot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/status/{status_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The id of a status resource, as an Add Objects response returned it.
                 * @example 534ed043-fd0c-4e7d-b121-3a980a4e4699
                 */
                status_id: components["parameters"]["status_id"];
            };
            cookie?: never;
        };
        /**
         * Get the status of an add request
         * @description Implements TAXII 2.0 section 4.3 (Get Status): the objects of an Add Objects request as lists of ids, the failed ones with the reason.
         */
        get: operations["getStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
            };
            cookie?: never;
        };
        /**
         * List the collections under an API root
         * @description Implements TAXII 2.0 section 5.1 (Get Collections), paged by item ranges. An API root without collections answers with an empty resource.
         */
        get: operations["listCollections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/{collection_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        /**
         * Get one collection
         * @description Implements TAXII 2.0 section 5.2 (Get a Collection).
         */
        get: operations["getCollection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/{collection_id}/objects/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        /**
         * List the objects in a collection
         * @description Implements TAXII 2.0 section 5.3 (Get Objects): a STIX 2.0 bundle of the objects in `date_added` order, filtered by `added_after` and `match`, paged by item ranges. A result with no objects is a bundle without `objects`, which STIX 2.0 requires to hold at least one when present.
         */
        get: operations["listObjects"];
        put?: never;
        /**
         * Add objects to a collection
         * @description Implements TAXII 2.0 section 5.4 (Add Objects): the client posts a STIX 2.0 bundle and the server answers at once with a status resource; the objects it has not finished with are counted as pending, and the status endpoint (section 4.3) reports on them.
         */
        post: operations["addObjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/{collection_id}/objects/{object_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
                /**
                 * @description The STIX identifier of the object.
                 * @example indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c
                 */
                object_id: components["parameters"]["object_id"];
            };
            cookie?: never;
        };
        /**
         * Get the versions of one object
         * @description Implements TAXII 2.0 section 5.5 (Get an Object): a STIX 2.0 bundle of the object's versions that `match[version]` selects, the latest one by default. TAXII 2.0 does not page this endpoint.
         */
        get: operations["getObject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/{collection_id}/manifest/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        /**
         * List the manifest entries of a collection's objects
         * @description Implements TAXII 2.0 section 5.6 (Get Object Manifests): one entry per object, listing its versions newest first and the media types it is available in, in `date_added` order, filtered and paged as Get Objects is.
         */
        get: operations["listManifestRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * timestamp
         * Format: date-time
         * @description An RFC 3339 date-time in UTC with the `Z` designator and optional fractional seconds, as TAXII requires of every timestamp. The pattern rejects most bad values even where a validator ignores `format` (openapi-backend does unless ajv-formats is added).
         */
        timestamp: string;
        /**
         * stix-identifier
         * @description A STIX identifier, `<object type>--<UUID>`.
         */
        "stix-identifier": string;
        /**
         * stix-object
         * @description Any STIX object, checked here only for the properties TAXII itself reads (type and id); the STIX schemas govern the rest.
         */
        "stix-object": {
            type: string;
            id: components["schemas"]["stix-identifier"];
        } & {
            [key: string]: unknown;
        };
        /**
         * match-list
         * @description A comma-separated list of values, none of them empty, as every `match[<field>]` takes.
         */
        "match-list": string;
        /**
         * error
         * @description The TAXII error message, the body of every 4xx and 5xx response; TAXII 2.0 and 2.1 define the same fields.
         */
        error: {
            /** @description A short, human-readable summary of the error. */
            title: string;
            /** @description A human-readable explanation of the error. */
            description?: string;
            /** @description An identifier for this particular occurrence of the error. */
            error_id?: string;
            /** @description The server's own code for the kind of error. */
            error_code?: string;
            /** @description The HTTP status code of the response, as a string. */
            http_status?: string;
            /** @description A URL that points to further details about the error. */
            external_details?: string;
            /** @description Further machine-readable details, as a dictionary. */
            details?: {
                [key: string]: unknown;
            };
        };
        /**
         * discovery
         * @description What the Discovery endpoint answers: the server and the API roots it advertises (TAXII 2.1 section 4.1.1, TAXII 2.0 section 4.1.1; both define the same fields).
         */
        discovery: {
            /** @description A human-readable name for the TAXII server. */
            title: string;
            description?: string;
            /** @description How to reach the server's operators. */
            contact?: string;
            /** @description The URL of the API root that a client should use by default. */
            default?: string;
            /** @description The URLs of the API roots this server advertises. */
            api_roots?: string[];
        };
        /**
         * api-root
         * @description Information about one API root (TAXII 2.1 section 4.2.1, TAXII 2.0 section 4.2.1; both define the same fields).
         */
        "api-root": {
            title: string;
            description?: string;
            /** @description The TAXII versions this API root supports: in TAXII 2.1 the media types with their version parameter (`application/taxii+json;version=2.1`), in TAXII 2.0 the version names (`taxii-2.0`). */
            versions: string[];
            /** @description The largest request body, in octets, that this API root accepts. */
            max_content_length: number;
        };
        /**
         * status
         * @description The outcome of one Add Objects request (TAXII 2.0 section 4.3.1): counts, and the ids of the objects that succeeded, failed (with the reason) and are pending.
         */
        status: {
            /** @description The id this status is found by at the status endpoint. */
            id: string;
            /**
             * @description `complete` once no object is pending any more.
             * @enum {string}
             */
            status: "complete" | "pending";
            request_timestamp?: components["schemas"]["timestamp"];
            /** @description How many objects the request held. */
            total_count: number;
            success_count: number;
            /** @description The ids of the objects that were added. */
            successes?: components["schemas"]["stix-identifier"][];
            failure_count: number;
            failures?: components["schemas"]["status-failure"][];
            pending_count: number;
            /** @description The ids of the objects not yet processed. */
            pendings?: components["schemas"]["stix-identifier"][];
        };
        /**
         * status-failure
         * @description An object that was not added, and why (TAXII 2.0 section 4.3.2).
         */
        "status-failure": {
            id: components["schemas"]["stix-identifier"];
            /** @description Why the object was not added. */
            message?: string;
        };
        /**
         * collections
         * @description The collections under an API root (TAXII 2.0 section 5.1.1).
         */
        collections: {
            collections?: components["schemas"]["collection"][];
        };
        /**
         * collection
         * @description One collection and what the requester may do with it (TAXII 2.0 section 5.2.1). TAXII 2.0 has no `alias`.
         */
        collection: {
            /** @description The collection's id, used in its URL. */
            id: string;
            title: string;
            description?: string;
            /** @description Whether the requester may read objects from this collection. */
            can_read: boolean;
            /** @description Whether the requester may add objects to this collection. */
            can_write: boolean;
            /** @description The media types of the objects this collection holds. */
            media_types?: string[];
        };
        /**
         * manifest
         * @description The manifest entries of a collection's objects (TAXII 2.0 section 5.6.1); an empty result is an empty resource.
         */
        manifest: {
            objects?: components["schemas"]["manifest-entry"][];
        };
        /**
         * manifest-entry
         * @description One object described without its content (TAXII 2.0 section 5.6.2): when it was added, its versions and the media types they are available in.
         */
        "manifest-entry": {
            id: components["schemas"]["stix-identifier"];
            date_added?: components["schemas"]["timestamp"];
            /** @description The object's versions (its `modified` timestamps), newest first. */
            versions?: components["schemas"]["timestamp"][];
            /** @description The media types the object is available in. */
            media_types?: string[];
        };
        /**
         * bundle
         * @description A STIX 2.0 bundle (STIX 2.0 Part 1 chapter 5), the body of the object endpoints. STIX 2.0 puts `spec_version` on the bundle rather than on each object, and requires `objects`, when present, to hold at least one.
         */
        bundle: {
            /** @enum {string} */
            type: "bundle";
            /** @description A fresh id for each bundle, which STIX 2.0 requires to hold a version 4 UUID. */
            id: string;
            /** @enum {string} */
            spec_version: "2.0";
            objects?: components["schemas"]["stix-object"][];
        };
        /**
         * bundle-to-add
         * @description A bundle posted to Add Objects, which must hold at least one object.
         */
        "bundle-to-add": components["schemas"]["bundle"] & {
            objects: components["schemas"]["stix-object"][];
        };
    };
    responses: {
        /** @description A bundle of every matching object, with Content-Range saying how many. */
        "bundle-whole": {
            headers: {
                "Accept-Ranges": components["headers"]["Accept-Ranges"];
                "Content-Range": components["headers"]["Content-Range"];
                "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.stix+json; version=2.0": components["schemas"]["bundle"];
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["bundle"];
            };
        };
        /** @description A bundle of the range of objects the Range header asked for (cut to the server's page size), or of the first page when more match than one page holds. */
        "bundle-range": {
            headers: {
                "Accept-Ranges": components["headers"]["Accept-Ranges"];
                "Content-Range": components["headers"]["Content-Range"];
                "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.stix+json; version=2.0": components["schemas"]["bundle"];
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["bundle"];
            };
        };
        /** @description The request is malformed, for instance a filter value is out of range. */
        "bad-request": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description Credentials are required, or those sent were not accepted. */
        unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The requester may not perform this action on this resource. */
        forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The API root, collection, object or status does not exist, or the requester may not know that it does. */
        "not-found": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The Accept header allows no media type this endpoint can send, or only that of a TAXII version this server has switched off. */
        "not-acceptable": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The Range header starts past the last matching item, or cannot be read (a reversed or malformed range). Content-Range names how many items match. */
        "range-not-satisfiable": {
            headers: {
                "Accept-Ranges": components["headers"]["Accept-Ranges"];
                "Content-Range": components["headers"]["Content-Range"];
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The request body is larger than the API root's `max_content_length`. */
        "content-too-large": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The request body's Content-Type is not one this endpoint accepts. */
        "unsupported-media-type": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The body is well-formed but cannot be processed, for instance it is not STIX. */
        "unprocessable-content": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The server failed while handling the request. */
        "internal-server-error": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
        /** @description The server cannot handle requests for now, for instance its store is down. */
        "service-unavailable": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
            };
        };
    };
    parameters: {
        /**
         * @description The API root's name: the first path segment, as the Discovery resource advertises it.
         * @example threatintel
         */
        api_root: string;
        /**
         * @description The id of a status resource, as an Add Objects response returned it.
         * @example 534ed043-fd0c-4e7d-b121-3a980a4e4699
         */
        status_id: string;
        /**
         * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
         * @example e9f98ec3-782f-4309-93fc-0d815250c676
         */
        collection_id: string;
        /**
         * @description The STIX identifier of the object.
         * @example indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c
         */
        object_id: components["schemas"]["stix-identifier"];
        /**
         * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
         * @example 2024-05-01T00:00:00.000Z
         */
        added_after: components["schemas"]["timestamp"];
        /**
         * @description The items to send: `items <first>-<last>` as TAXII 2.0 writes it, or `items=<first>-<last>` as RFC 9110 does, zero-based and inclusive; `items=<first>-` for all from a position. The server may send fewer items than asked for, and says which in `Content-Range`.
         * @example items 0-99
         */
        range: string;
        /**
         * @description The `match[<field>]` filters of TAXII 2.0: `match[id]`, `match[type]` and `match[version]` (`first`, `last`, `all` or timestamps), each a comma-separated list of values any of which may match.
         * @example {
         *       "type": "indicator,malware",
         *       "version": "last"
         *     }
         */
        match: {
            id?: components["schemas"]["match-list"];
            type?: components["schemas"]["match-list"];
            version?: components["schemas"]["match-list"];
        };
        /**
         * @description The filter that applies to one object, `match[version]`: `first`, `last`, `all` or timestamps, a comma-separated list.
         * @example {
         *       "version": "all"
         *     }
         */
        "match-object": {
            version?: components["schemas"]["match-list"];
        };
    };
    requestBodies: never;
    headers: {
        /**
         * @description The `date_added` of the earliest object in this response. Sent whenever the response holds at least one object.
         * @example 2024-05-02T08:15:30.123456Z
         */
        "X-TAXII-Date-Added-First": components["schemas"]["timestamp"];
        /**
         * @description The `date_added` of the latest object in this response; a client passes it as `added_after` to continue where this response ends. Sent whenever the response holds at least one object.
         * @example 2024-05-02T09:40:11.654321Z
         */
        "X-TAXII-Date-Added-Last": components["schemas"]["timestamp"];
        /**
         * @description The authentication challenge, naming the Basic scheme and the realm.
         * @example Basic realm="taxii"
         */
        "WWW-Authenticate": string;
        /**
         * @description Which items this response holds and how many match in all: `items 0-99/1500`. TAXII 2.0 has no form for an empty result, which is written `items 0-0/0`; a 416 answer names the total only, `items *\/1500`.
         * @example items 0-99/1500
         */
        "Content-Range": string;
        /**
         * @description The range unit this endpoint pages by, which TAXII 2.0 fixes as `items`.
         * @example items
         */
        "Accept-Ranges": "items";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getDiscovery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The discovery resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["discovery"];
                };
            };
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    getApiRoot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API root resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["api-root"];
                };
            };
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    getStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The id of a status resource, as an Add Objects response returned it.
                 * @example 534ed043-fd0c-4e7d-b121-3a980a4e4699
                 */
                status_id: components["parameters"]["status_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["status"];
                };
            };
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    listCollections: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The items to send: `items <first>-<last>` as TAXII 2.0 writes it, or `items=<first>-<last>` as RFC 9110 does, zero-based and inclusive; `items=<first>-` for all from a position. The server may send fewer items than asked for, and says which in `Content-Range`.
                 * @example items 0-99
                 */
                Range?: components["parameters"]["range"];
            };
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The collections resource, whole. */
            200: {
                headers: {
                    "Accept-Ranges": components["headers"]["Accept-Ranges"];
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["collections"];
                };
            };
            /** @description The range of collections the Range header asked for, or the first page. */
            206: {
                headers: {
                    "Accept-Ranges": components["headers"]["Accept-Ranges"];
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["collections"];
                };
            };
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            416: components["responses"]["range-not-satisfiable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    getCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The collection resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["collection"];
                };
            };
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    listObjects: {
        parameters: {
            query?: {
                /**
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The `match[<field>]` filters of TAXII 2.0: `match[id]`, `match[type]` and `match[version]` (`first`, `last`, `all` or timestamps), each a comma-separated list of values any of which may match.
                 * @example {
                 *       "type": "indicator,malware",
                 *       "version": "last"
                 *     }
                 */
                match?: components["parameters"]["match"];
            };
            header?: {
                /**
                 * @description The items to send: `items <first>-<last>` as TAXII 2.0 writes it, or `items=<first>-<last>` as RFC 9110 does, zero-based and inclusive; `items=<first>-` for all from a position. The server may send fewer items than asked for, and says which in `Content-Range`.
                 * @example items 0-99
                 */
                Range?: components["parameters"]["range"];
            };
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["bundle-whole"];
            206: components["responses"]["bundle-range"];
            400: components["responses"]["bad-request"];
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            /** @description The Range header starts past the last matching object, or cannot be read (a reversed or malformed range). Content-Range names how many objects match. */
            416: {
                headers: {
                    "Accept-Ranges": components["headers"]["Accept-Ranges"];
                    "Content-Range": components["headers"]["Content-Range"];
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["error"];
                };
            };
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    addObjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.oasis.stix+json; version=2.0": components["schemas"]["bundle-to-add"];
            };
        };
        responses: {
            /** @description The request was accepted; the status resource says what became of it. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["status"];
                };
            };
            400: components["responses"]["bad-request"];
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            413: components["responses"]["content-too-large"];
            415: components["responses"]["unsupported-media-type"];
            422: components["responses"]["unprocessable-content"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    getObject: {
        parameters: {
            query?: {
                /**
                 * @description The filter that applies to one object, `match[version]`: `first`, `last`, `all` or timestamps, a comma-separated list.
                 * @example {
                 *       "version": "all"
                 *     }
                 */
                match?: components["parameters"]["match-object"];
            };
            header?: never;
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
                /**
                 * @description The STIX identifier of the object.
                 * @example indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c
                 */
                object_id: components["parameters"]["object_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A bundle holding the selected versions of the object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.stix+json; version=2.0": components["schemas"]["bundle"];
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["bundle"];
                };
            };
            400: components["responses"]["bad-request"];
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
    listManifestRecords: {
        parameters: {
            query?: {
                /**
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The `match[<field>]` filters of TAXII 2.0: `match[id]`, `match[type]` and `match[version]` (`first`, `last`, `all` or timestamps), each a comma-separated list of values any of which may match.
                 * @example {
                 *       "type": "indicator,malware",
                 *       "version": "last"
                 *     }
                 */
                match?: components["parameters"]["match"];
            };
            header?: {
                /**
                 * @description The items to send: `items <first>-<last>` as TAXII 2.0 writes it, or `items=<first>-<last>` as RFC 9110 does, zero-based and inclusive; `items=<first>-` for all from a position. The server may send fewer items than asked for, and says which in `Content-Range`.
                 * @example items 0-99
                 */
                Range?: components["parameters"]["range"];
            };
            path: {
                /**
                 * @description The API root's name: the first path segment, as the Discovery resource advertises it.
                 * @example threatintel
                 */
                api_root: components["parameters"]["api_root"];
                /**
                 * @description The collection's `id`. TAXII types it as a plain string, so an unknown value is a 404 rather than a malformed request; this server's ids are UUIDs.
                 * @example e9f98ec3-782f-4309-93fc-0d815250c676
                 */
                collection_id: components["parameters"]["collection_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The manifest resource, whole. */
            200: {
                headers: {
                    "Accept-Ranges": components["headers"]["Accept-Ranges"];
                    "Content-Range": components["headers"]["Content-Range"];
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["manifest"];
                };
            };
            /** @description The range of entries the Range header asked for, or the first page. */
            206: {
                headers: {
                    "Accept-Ranges": components["headers"]["Accept-Ranges"];
                    "Content-Range": components["headers"]["Content-Range"];
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oasis.taxii+json; version=2.0": components["schemas"]["manifest"];
                };
            };
            400: components["responses"]["bad-request"];
            401: components["responses"]["unauthorized"];
            403: components["responses"]["forbidden"];
            404: components["responses"]["not-found"];
            406: components["responses"]["not-acceptable"];
            416: components["responses"]["range-not-satisfiable"];
            500: components["responses"]["internal-server-error"];
            503: components["responses"]["service-unavailable"];
        };
    };
}
