// Generated from openapi/taxii-2.1.yaml by openapi-typescript; do not edit.
// Change the document instead and run `npm run generate` (node scripts/generate.js).

export interface paths {
    "/taxii2/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discover the server and its API roots
         * @description Implements TAXII 2.1 section 4.1 (Server Discovery). The path is fixed by the standard and is matched before the `/{api_root}/` template, so an API root named `taxii2` could not be reached at its own URL.
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
         * @description Implements TAXII 2.1 section 4.2 (Get API Root Information).
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
         * @description Implements TAXII 2.1 section 4.3 (Get Status).
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
         * @description Implements TAXII 2.1 section 5.1 (Get Collections). Lists the collections the requester may know about; an API root without any answers with an empty resource.
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
         * @description Implements TAXII 2.1 section 5.2 (Get A Collection).
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
         * List manifest records of a collection's objects
         * @description Implements TAXII 2.1 section 5.3 (Get Object Manifests): one record per object version, in `date_added` order, paged with `limit` and `next`.
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
         * @description Implements TAXII 2.1 section 5.4 (Get Objects): the objects in `date_added` order, filtered by `added_after` and `match`, paged with `limit` and `next`.
         */
        get: operations["listObjects"];
        put?: never;
        /**
         * Add objects to a collection
         * @description Implements TAXII 2.1 section 5.5 (Add Objects). The server answers at once with a status resource; the objects it has not finished with are counted as pending, and the status endpoint (section 4.3) reports on them later.
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
         * @description Implements TAXII 2.1 section 5.6 (Get An Object): the object's versions selected by `match[version]` (the latest one by default) in an envelope, paged with `limit` and `next`.
         */
        get: operations["getObject"];
        put?: never;
        post?: never;
        /**
         * Delete versions of one object
         * @description Implements TAXII 2.1 section 5.7 (Delete An Object): removes the versions selected by `match[version]` and `match[spec_version]` (all of them by default). The success response has no body.
         */
        delete: operations["deleteObject"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{api_root}/collections/{collection_id}/objects/{object_id}/versions/": {
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
         * List the versions of one object
         * @description Implements TAXII 2.1 section 5.8 (Get Object Versions): the object's version timestamps in `date_added` order, paged with `limit` and `next`.
         */
        get: operations["listObjectVersions"];
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
         * match-list
         * @description A comma-separated list of values, none of them empty, as every `match[<field>]` takes.
         */
        "match-list": string;
        /**
         * status
         * @description The outcome of one Add Objects request, object by object (TAXII 2.1 section 4.3.1).
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
            successes?: components["schemas"]["status-details"][];
            failure_count: number;
            failures?: components["schemas"]["status-details"][];
            pending_count: number;
            pendings?: components["schemas"]["status-details"][];
        };
        /**
         * status-details
         * @description One object of an Add Objects request, as its status reports it.
         */
        "status-details": {
            id: components["schemas"]["stix-identifier"];
            version: components["schemas"]["timestamp"];
            /** @description Why the object failed, or anything else worth saying about it. */
            message?: string;
        };
        /**
         * collections
         * @description The collections under an API root (TAXII 2.1 section 5.1.1).
         */
        collections: {
            collections?: components["schemas"]["collection"][];
        };
        /**
         * collection
         * @description One collection and what the requester may do with it (section 5.2.1).
         */
        collection: {
            /** @description The collection's id, used in its URL. */
            id: string;
            title: string;
            description?: string;
            /** @description A short name, unique within the API root. */
            alias?: string;
            /** @description Whether the requester may read objects from this collection. */
            can_read: boolean;
            /** @description Whether the requester may add objects to this collection. */
            can_write: boolean;
            /** @description The media types of the objects this collection holds. */
            media_types?: string[];
        };
        /**
         * manifest
         * @description One page of manifest records (TAXII 2.1 section 5.3.1).
         */
        manifest: {
            /** @description Whether more records follow this page. */
            more?: boolean;
            /** @description The value to pass as `next` for the following page. */
            next?: string;
            objects?: components["schemas"]["manifest-record"][];
        };
        /**
         * manifest-record
         * @description One version of one object, described without its content.
         */
        "manifest-record": {
            id: components["schemas"]["stix-identifier"];
            date_added: components["schemas"]["timestamp"];
            version: components["schemas"]["timestamp"];
            /** @description The media type this version of the object is available in. */
            media_type?: string;
        };
        /**
         * envelope
         * @description A page of STIX objects, as the object endpoints send and receive them (TAXII 2.1 calls this the envelope); an empty result is an empty envelope.
         */
        envelope: {
            /** @description Whether more objects follow this page. */
            more?: boolean;
            /** @description The value to pass as `next` for the following page. */
            next?: string;
            objects?: components["schemas"]["stix-object"][];
        };
        /**
         * envelope-to-add
         * @description An envelope posted to Add Objects, which must hold at least one object. Other members are ignored, so a STIX 2.1 bundle (`type`, `id`, `objects`) is taken as an envelope, as clients that post bundles expect.
         */
        "envelope-to-add": {
            /** @description Ignored on a posted envelope. */
            more?: boolean;
            /** @description Ignored on a posted envelope. */
            next?: string;
            objects: components["schemas"]["stix-object"][];
        } & {
            [key: string]: unknown;
        };
        /**
         * versions
         * @description One page of an object's versions (TAXII 2.1 section 5.8.1).
         */
        versions: {
            /** @description Whether more versions follow this page. */
            more?: boolean;
            /** @description The value to pass as `next` for the following page. */
            next?: string;
            /** @description The `modified` timestamps of the versions, oldest added first. */
            versions?: components["schemas"]["timestamp"][];
        };
    };
    responses: {
        /** @description The request is malformed, for instance a filter value is out of range. */
        "bad-request": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description Credentials are required, or those sent were not accepted. */
        unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The requester may not perform this action on this resource. */
        forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The API root, collection, object or status does not exist, or the requester may not know that it does. */
        "not-found": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The Accept header allows no media type this endpoint can send. */
        "not-acceptable": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The request body is larger than the API root's `max_content_length`. */
        "content-too-large": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The request body's Content-Type is not one this endpoint accepts. */
        "unsupported-media-type": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The body is well-formed but cannot be processed, for instance it is not STIX. */
        "unprocessable-content": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The server failed while handling the request. */
        "internal-server-error": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
            };
        };
        /** @description The server cannot handle requests for now, for instance its store is down. */
        "service-unavailable": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/taxii+json;version=2.1": components["schemas"]["error"];
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
         * @description The most objects (or records, or versions) the client wants in one response. The server may send fewer, and caps the value at its own page size.
         * @example 100
         */
        limit: number;
        /**
         * @description The `next` value of the previous response, to fetch the page after it. It is opaque to the client and is only valid with the same filters.
         * @example eyJkIjoxNzE0NjM3NjMwMTIzNDU2LCJpIjoiaW5kaWNhdG9yIn0
         */
        next: string;
        /**
         * @description The `match[<field>]` filters: `match[id]`, `match[type]`, `match[version]` and `match[spec_version]`, each a comma-separated list of values any of which may match.
         * @example {
         *       "type": "indicator,malware",
         *       "version": "last"
         *     }
         */
        match: {
            id?: components["schemas"]["match-list"];
            type?: components["schemas"]["match-list"];
            version?: components["schemas"]["match-list"];
            spec_version?: components["schemas"]["match-list"];
        };
        /**
         * @description The filters that apply to one object: `match[version]` (`first`, `last`, `all` or timestamps) and `match[spec_version]`, each a comma-separated list.
         * @example {
         *       "version": "all"
         *     }
         */
        "match-object": {
            version?: components["schemas"]["match-list"];
            spec_version?: components["schemas"]["match-list"];
        };
        /**
         * @description The filter that applies to an object's versions, `match[spec_version]`.
         * @example {
         *       "spec_version": "2.1"
         *     }
         */
        "match-versions": {
            spec_version?: components["schemas"]["match-list"];
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
                    "application/taxii+json;version=2.1": components["schemas"]["discovery"];
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
                    "application/taxii+json;version=2.1": components["schemas"]["api-root"];
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
                    "application/taxii+json;version=2.1": components["schemas"]["status"];
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
            /** @description The collections resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["collections"];
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
                    "application/taxii+json;version=2.1": components["schemas"]["collection"];
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
    listManifestRecords: {
        parameters: {
            query?: {
                /**
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The most objects (or records, or versions) the client wants in one response. The server may send fewer, and caps the value at its own page size.
                 * @example 100
                 */
                limit?: components["parameters"]["limit"];
                /**
                 * @description The `next` value of the previous response, to fetch the page after it. It is opaque to the client and is only valid with the same filters.
                 * @example eyJkIjoxNzE0NjM3NjMwMTIzNDU2LCJpIjoiaW5kaWNhdG9yIn0
                 */
                next?: components["parameters"]["next"];
                /**
                 * @description The `match[<field>]` filters: `match[id]`, `match[type]`, `match[version]` and `match[spec_version]`, each a comma-separated list of values any of which may match.
                 * @example {
                 *       "type": "indicator,malware",
                 *       "version": "last"
                 *     }
                 */
                match?: components["parameters"]["match"];
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
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The manifest resource. */
            200: {
                headers: {
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["manifest"];
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
    listObjects: {
        parameters: {
            query?: {
                /**
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The most objects (or records, or versions) the client wants in one response. The server may send fewer, and caps the value at its own page size.
                 * @example 100
                 */
                limit?: components["parameters"]["limit"];
                /**
                 * @description The `next` value of the previous response, to fetch the page after it. It is opaque to the client and is only valid with the same filters.
                 * @example eyJkIjoxNzE0NjM3NjMwMTIzNDU2LCJpIjoiaW5kaWNhdG9yIn0
                 */
                next?: components["parameters"]["next"];
                /**
                 * @description The `match[<field>]` filters: `match[id]`, `match[type]`, `match[version]` and `match[spec_version]`, each a comma-separated list of values any of which may match.
                 * @example {
                 *       "type": "indicator,malware",
                 *       "version": "last"
                 *     }
                 */
                match?: components["parameters"]["match"];
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
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An envelope holding one page of objects. */
            200: {
                headers: {
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["envelope"];
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
                "application/taxii+json;version=2.1": components["schemas"]["envelope-to-add"];
            };
        };
        responses: {
            /** @description The request was accepted; the status resource says what became of it. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["status"];
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
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The most objects (or records, or versions) the client wants in one response. The server may send fewer, and caps the value at its own page size.
                 * @example 100
                 */
                limit?: components["parameters"]["limit"];
                /**
                 * @description The `next` value of the previous response, to fetch the page after it. It is opaque to the client and is only valid with the same filters.
                 * @example eyJkIjoxNzE0NjM3NjMwMTIzNDU2LCJpIjoiaW5kaWNhdG9yIn0
                 */
                next?: components["parameters"]["next"];
                /**
                 * @description The filters that apply to one object: `match[version]` (`first`, `last`, `all` or timestamps) and `match[spec_version]`, each a comma-separated list.
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
            /** @description An envelope holding the selected versions of the object. */
            200: {
                headers: {
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["envelope"];
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
    deleteObject: {
        parameters: {
            query?: {
                /**
                 * @description The filters that apply to one object: `match[version]` (`first`, `last`, `all` or timestamps) and `match[spec_version]`, each a comma-separated list.
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
            /** @description The selected versions were deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    listObjectVersions: {
        parameters: {
            query?: {
                /**
                 * @description Only objects that this server added to the collection strictly after this timestamp. It compares with `date_added`, not with the objects' own `created` or `modified`.
                 * @example 2024-05-01T00:00:00.000Z
                 */
                added_after?: components["parameters"]["added_after"];
                /**
                 * @description The most objects (or records, or versions) the client wants in one response. The server may send fewer, and caps the value at its own page size.
                 * @example 100
                 */
                limit?: components["parameters"]["limit"];
                /**
                 * @description The `next` value of the previous response, to fetch the page after it. It is opaque to the client and is only valid with the same filters.
                 * @example eyJkIjoxNzE0NjM3NjMwMTIzNDU2LCJpIjoiaW5kaWNhdG9yIn0
                 */
                next?: components["parameters"]["next"];
                /**
                 * @description The filter that applies to an object's versions, `match[spec_version]`.
                 * @example {
                 *       "spec_version": "2.1"
                 *     }
                 */
                match?: components["parameters"]["match-versions"];
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
            /** @description The versions resource. */
            200: {
                headers: {
                    "X-TAXII-Date-Added-First": components["headers"]["X-TAXII-Date-Added-First"];
                    "X-TAXII-Date-Added-Last": components["headers"]["X-TAXII-Date-Added-Last"];
                    [name: string]: unknown;
                };
                content: {
                    "application/taxii+json;version=2.1": components["schemas"]["versions"];
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
}
