import type { IssuerRecord } from '../../core/types.js';

/** Seals a new issuer's first EDC certificate as soon as the issuer exists (issuers that predate this get one lazily). */
export function sealOnCreate<S extends { create(...args: never[]): Promise<{ issuer: IssuerRecord }> }>(
  service: S,
  seal: (issuer: IssuerRecord) => Promise<unknown>,
  onError: (error: unknown) => void,
): S {
  return {
    ...service,
    async create(...args: Parameters<S['create']>) {
      const created = await service.create(...args);
      // the issuer exists either way; a failed seal is made again on first use
      await seal(created.issuer).catch(onError);
      return created;
    },
  };
}
