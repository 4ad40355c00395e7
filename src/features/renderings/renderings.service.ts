import QRCode from 'qrcode';
import type { BadgeText } from '../../core/baking/badge-svg.js';
import { bakePng } from '../../core/baking/png.js';
import { bakeSvg } from '../../core/baking/svg.js';
import { certificateFacts, type CertificateFacts } from '../../core/certificate/facts.js';
import { paths } from '../../core/ob3/constants.js';
import type { Lang } from '../../core/types.js';
import { AppError } from '../../errors.js';
import { translator, type Catalogue } from '../../i18n/index.js';
import type { CredentialDoc } from '../credentials/credential.model.js';
import type { BadgeImages } from './badge-image.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { Fonts } from './fonts.js';

export interface RenderingsDeps {
  credentials: { getPublic(id: string): Promise<CredentialDoc> };
  fonts: Fonts;
  badges: BadgeImages;
  catalogues: Readonly<Record<Lang, Catalogue>>;
  publicUrl: string;
  clock: () => Date;
}

/** QR code sizes in pixels: the default suits a screen, the largest prints at ~8 cm at 300 dpi. */
export const QR_SIZES = { min: 128, default: 512, max: 1024 };

/**
 * Certificates and badges exist for credentials issued from records (each holds an Open Badge, also
 * when issued as `edc`); a credential signed through the VC-API may be anything.
 */
const isBadgeFormat = (doc: CredentialDoc): boolean => doc.format !== 'vc-di';

/** The credential and the URL of its page (the QR codes' target). */
async function loadDoc({ credentials, publicUrl }: RenderingsDeps, id: string) {
  const doc = await credentials.getPublic(id);
  const pageUrl = typeof doc.credential.id === 'string' ? doc.credential.id : paths.credential(publicUrl, id);
  return { doc, pageUrl };
}

/** As `load`, for an Open Badge only, with its facts and a translator in its language. */
async function loadBadgeDoc(deps: RenderingsDeps, id: string) {
  const { doc, pageUrl } = await loadDoc(deps, id);
  if (!isBadgeFormat(doc))
    throw new AppError(
      'not-found',
      'This credential is not an Open Badge: it has no certificate or badge image',
    );
  const facts = certificateFacts(doc.credential);
  return { doc, pageUrl, facts, t: translator(deps.catalogues, facts.language) };
}

const badgeText = (facts: CertificateFacts, kicker: string): BadgeText => ({
  title: facts.title,
  issuer: facts.issuerName,
  kicker,
});

export function createRenderingsService(deps: RenderingsDeps) {
  const { fonts, badges, clock } = deps;
  const load = (id: string) => loadDoc(deps, id);
  const loadBadge = (id: string) => loadBadgeDoc(deps, id);
  return {
    /** The A4 certificate with QR code and the signed credential attached. */
    async pdf(id: string): Promise<Buffer> {
      const { doc, pageUrl, facts, t } = await loadBadge(id);
      const attachment = doc.jwt
        ? { name: 'credential.jwt', type: 'text/plain', content: doc.jwt }
        : { name: 'credential.json', type: 'application/json', content: JSON.stringify(doc.credential) };
      return renderCertificatePdf(fonts, { facts, t, pageUrl, attachment, createdAt: clock() });
    },

    /** The baked PNG badge (OB 3.0 §5.3.1): the compact JWS for VC-JWT, else the credential's JSON. */
    async png(id: string): Promise<Buffer> {
      const { doc, facts, t } = await loadBadge(id);
      const image = await badges.png(facts.image, badgeText(facts, t('certificate.kind')));
      return bakePng(image, doc.jwt ?? JSON.stringify(doc.credential));
    },

    /** The baked SVG badge (OB 3.0 §5.3.2). */
    async svg(id: string): Promise<string> {
      const { doc, facts, t } = await loadBadge(id);
      const image = badges.svg(facts.image, badgeText(facts, t('certificate.kind')));
      return bakeSvg(image, doc.jwt ? { jwt: doc.jwt } : { json: JSON.stringify(doc.credential) });
    },

    /** The credential page's URL as a QR code (PNG, `size` pixels square). */
    async qrPng(id: string, size: number): Promise<Buffer> {
      const { pageUrl } = await load(id);
      return QRCode.toBuffer(pageUrl, { type: 'png', width: size, margin: 4, errorCorrectionLevel: 'M' });
    },

    /** The credential page's URL as a QR code (SVG, for print). */
    async qrSvg(id: string): Promise<string> {
      const { pageUrl } = await load(id);
      return QRCode.toString(pageUrl, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
    },
  };
}

export type RenderingsService = ReturnType<typeof createRenderingsService>;
