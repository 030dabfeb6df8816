import type { NextFunction, Request, Response } from 'express';

/**
 * Admitted page reads (GET or HEAD of objects, manifests and versions) take turns at the event
 * loop: each starts its store work in a turn of its own, first come first served. Other
 * requests (discovery, collections, statuses, add requests, whose writes are chunked already)
 * go on at once.
 *
 * libuv accepts one new connection per turn of the event loop, and a turn runs the callbacks of
 * every socket that became readable. Without turns, a turn would read, query (SQLite answers
 * synchronously), render and write a page for every kept-alive connection that had a request
 * waiting: under a few hundred pollers that is a turn of a second or more, so a new connection
 * waited in the kernel's backlog for tens of seconds while the connected pollers were served
 * again and again. With turns, a turn reads and authenticates what has arrived, then serves the
 * oldest waiting request, and the next turn accepts the next connection.
 *
 * A request whose client went away while it waited is dropped without doing its work. How many
 * may wait is bounded by the cap on requests in flight (`maxConcurrentRequests`, 503 beyond it).
 */
export function requestTurns() {
  const waiting: Array<{ req: Request; next: NextFunction }> = [];
  let scheduled = false;

  const serveOldest = () => {
    scheduled = false;
    while (waiting.length > 0) {
      const { req, next } = waiting.shift()!;
      // The socket, not the request: a request whose body has been read is destroyed already.
      if (req.socket.destroyed) continue;
      next();
      break;
    }
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // An immediate queued from an immediate runs in the next turn, after that turn's I/O.
    setImmediate(serveOldest);
  };

  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!isPageRead(req)) return next();
    waiting.push({ req, next });
    schedule();
  };
}

/** A read of a collection's objects, manifest or an object's versions. */
function isPageRead(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return /\/(objects|manifest|versions)(\/|$)/.test(req.path);
}
