import { createPagesService } from '../features/pages/pages.service.js';
import { createBadgeImages, initBadgeRasterizer } from '../features/renderings/badge-image.js';
import { loadFonts } from '../features/renderings/fonts.js';
import { createRenderingsService } from '../features/renderings/renderings.service.js';
import type { UploadedFile } from '../features/renderings/verify-file.service.js';
import { createPageShells } from '../http/html.js';
import { loadCatalogues } from '../i18n/index.js';
import type { Base } from './context.js';
import type { Credentials } from './credentials.js';
import type { Records } from './records.js';
import { pageAssets } from './reference.js';
import type { Verify } from './verify.js';

/** Renderings of stored credentials (badge images, PDFs), in the reader's language. */
function buildRenderings({ config, clock, logger }: Base, credentials: Credentials['credentials']) {
  const catalogues = loadCatalogues();
  const fonts = loadFonts();
  // compiled in the background: the first badge PNG waits for it, the start does not
  initBadgeRasterizer().catch((error: unknown) =>
    logger.error('badge rasterizer unavailable', { error: String(error) }),
  );
  const renderings = createRenderingsService({
    credentials,
    fonts,
    badges: createBadgeImages(fonts),
    catalogues,
    publicUrl: config.publicUrl,
    clock,
  });
  return { renderings, catalogues };
}

/** Renderings, the HTML pages and the public issuer profile page. */
export function buildPages(base: Base, records: Records, { credentials }: Credentials, verify: Verify) {
  const { config } = base;
  const { renderings, catalogues } = buildRenderings(base, credentials);
  const assets = pageAssets();
  const shells = createPageShells({ catalogues, assets });
  const pages = {
    service: createPagesService({
      verifyCredential: (input) => verify.checked.verifyCredential(input),
      findCredential: (id) => credentials.findPublic(id),
      publicUrl: config.publicUrl,
    }),
    shells,
    assets,
    limit: verify.verifyLimit,
    publicUrl: config.publicUrl,
    bodyLimitBytes: config.bodyLimitBytes,
    verifyFile: (file: UploadedFile) => verify.verifyFile.verifyFile(file),
  };
  const profileHtml = {
    shells,
    achievementsOf: async (issuerId: string) =>
      (await records.achievements.list(issuerId, { page: 1, pageSize: 100 }, 'active')).items,
  };
  return { renderings, shells, pages, profileHtml };
}

export type Pages = ReturnType<typeof buildPages>;
