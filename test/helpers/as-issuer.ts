import { bearer, type IssuerFixture, type TestApp } from './app.js';

/** Requests made with one issuer's API key. */
export function asIssuer(t: TestApp, issuer: IssuerFixture) {
  const auth = bearer(issuer.apiKey);
  return {
    get: (path: string) => t.http.get(path).set(...auth),
    post: (path: string, body?: object) => {
      const req = t.http.post(path).set(...auth);
      return body === undefined ? req : req.send(body);
    },
    patch: (path: string, body: object) =>
      t.http
        .patch(path)
        .set(...auth)
        .send(body),
  };
}
