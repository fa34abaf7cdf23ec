/** RFC 7644 §3.1: SCIM speaks application/scim+json; Roster also accepts plain JSON bodies. */
export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
export const ACCEPTED_BODY_TYPES = ['application/scim+json', 'application/json'];
