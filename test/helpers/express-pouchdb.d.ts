/** express-pouchdb ships no types: the one call the test hub makes, an express app used as a plain request handler. */
declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  export default function expressPouchdb(
    pouch: unknown,
    options?: { mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom'; inMemoryConfig?: boolean; logPath?: string },
  ): (request: IncomingMessage, response: ServerResponse) => void
}
