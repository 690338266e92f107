/** Where the API is mounted; links in messages and feeds are built with it. */
export const API_PREFIX = 'api/v1';
