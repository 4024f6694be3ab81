// Whether a store answers, as GET /ready shows it.

export type StoreCheck = { ok: boolean; error?: string };
