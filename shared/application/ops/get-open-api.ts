export interface GetOpenApiDeps {
  /** docs/openapi.json, serialised once per container. */
  document: string;
}

/** The OpenAPI 3.1 document generated from the zod schemas (`npm run openapi`). */
export const getOpenApi = ({ document }: GetOpenApiDeps) => ({ contentType: 'application/json', body: document });
