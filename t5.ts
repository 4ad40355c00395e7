import { readFileSync } from 'node:fs';
import { certificateFacts } from './src/core/certificate/facts.js';
import { buildOpenBadgeCredential } from './src/core/ob3/build-credential.js';
import { renderCertificatePdf } from './src/features/renderings/certificate-pdf.js';
import { loadFonts } from './src/features/renderings/fonts.js';
import { loadCatalogues, translator } from './src/i18n/index.js';
import { buildInput } from './test/fixtures/ob3/records.js';
const fonts = loadFonts();
const credential = buildOpenBadgeCredential(buildInput('lv')) as unknown as Record<string, unknown>;
const facts = certificateFacts(credential);
const t = translator(loadCatalogues(), 'lv');
const input = { facts, t, pageUrl: String(credential.id), attachment: { name: 'credential.json', type: 'application/json', content: JSON.stringify(credential) }, createdAt: new Date() };
const ms: number[] = [];
for (let i = 0; i < 60; i++) { const t0 = performance.now(); await renderCertificatePdf(fonts, input); ms.push(performance.now() - t0); }
ms.sort((a, b) => a - b); console.log('median', ms[30]!.toFixed(2), 'min', ms[0]!.toFixed(2));
