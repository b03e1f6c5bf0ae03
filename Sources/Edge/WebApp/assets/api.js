// The edge's JSON API, with the browser session (HttpOnly cookies) as credentials.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `The server answered ${status}.`);
    this.status = status;
    this.code = body?.error ?? "http_error";
    this.details = Array.isArray(body?.details) ? body.details : [];
    this.retryAfter = body?.retry_after;
  }
}

/** Calls the API; resolves to the JSON body, or rejects with an ApiError. */
export async function api(method, path, body) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError(0, { message: "The server cannot be reached. Check your connection and try again." });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data ?? {};
}
