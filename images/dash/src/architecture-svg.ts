// The environment's architecture as an inline SVG diagram, with the app groups the dashboard
// shows. The same facts are in its <desc> and the figure's caption, for readers who cannot see it.
import type { GroupStatus } from './group-status.js';
import { escapeHtml } from './html.js';

/** App groups drawn one by one; the rest are counted in one line. */
const DRAWN_GROUPS = 3;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  kind?: 'azure' | 'group' | 'outside';
}

function box(b: Box): string {
  const text = b.lines
    .map(
      (line, i) =>
        `<text x="${b.x + 8}" y="${b.y + 18 + i * 15}"${i === 0 ? ' class="strong"' : ''}>${escapeHtml(line)}</text>`,
    )
    .join('');
  return `<rect class="box ${b.kind ?? 'azure'}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"></rect>${text}`;
}

const arrow = (points: string, dashed = false) =>
  `<polyline class="flow${dashed ? ' control' : ''}" points="${points}" marker-end="url(#arrow)"></polyline>`;

function groupBoxes(groups: readonly GroupStatus[]): { svg: string; bottom: number } {
  const drawn = groups.slice(0, DRAWN_GROUPS);
  const parts = drawn.map((g, i) =>
    box({
      x: 340,
      y: 70 + i * 52,
      w: 260,
      h: 44,
      kind: 'group',
      lines: [`${g.name} · ${g.ip ?? 'no IP yet'}`, 'nginx :443 → web :80, api :8080'],
    }),
  );
  let bottom = 70 + drawn.length * 52;
  const more = groups.length - drawn.length;
  if (more > 0 || drawn.length === 0) {
    const line = drawn.length === 0 ? 'app groups: none shown' : `+ ${more} more app groups`;
    parts.push(`<text x="348" y="${bottom + 12}">${escapeHtml(line)}</text>`);
    bottom += 20;
  }
  parts.push(
    box({
      x: 340,
      y: bottom,
      w: 260,
      h: 44,
      kind: 'group',
      lines: ['dashboard group', 'nginx :443 → dashboard :80'],
    }),
  );
  return { svg: parts.join(''), bottom: bottom + 44 };
}

/** A sentence per part of the picture: the diagram's text alternative. */
export function architectureDescription(groups: readonly GroupStatus[]): string {
  const names = groups.map((g) => `${g.name} (${g.ip ?? 'no IP yet'})`).join(', ') || 'none';
  return [
    'Browsers reach Application Gateway v2 over HTTPS; its listener certificate is a Let’s Encrypt certificate kept in Key Vault.',
    `The gateway forwards over TLS to the private IPs of the container groups in the VNet’s delegated subnet: app groups ${names}, and the dashboard group.`,
    'In each group an nginx sidecar terminates TLS with the same certificate, read from Key Vault with the group’s managed identity, and proxies to the web and api containers (or the dashboard).',
    'The api records each access in Azure SQL Database, reached only through a private endpoint, so the database sees each group’s own private IP; the dashboard reads those accesses.',
    'The Functions app deploys all of this, keeps the private DNS records and the gateway’s backend pools on the groups’ current IPs, and renews the certificate.',
  ].join(' ');
}

/** The diagram: inline SVG (role img) whose <title> and <desc> say what it shows. */
export function renderArchitecture(groups: readonly GroupStatus[]): string {
  const apps = groupBoxes(groups);
  const subnetBottom = apps.bottom + 12;
  const endpointY = subnetBottom + 24;
  const height = Math.max(endpointY + 64, 400);
  const svg = [
    `<svg class="architecture" viewBox="0 0 760 ${height}" role="img" aria-labelledby="architecture-svg-title architecture-svg-desc">`,
    '<title id="architecture-svg-title">Architecture of the environment</title>',
    `<desc id="architecture-svg-desc">${escapeHtml(architectureDescription(groups))}</desc>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"></path></marker></defs>',
    box({ x: 10, y: 170, w: 96, h: 44, kind: 'outside', lines: ['Browser', 'HTTPS :443'] }),
    box({
      x: 126,
      y: 160,
      w: 178,
      h: 64,
      lines: ['Application Gateway v2', 'HTTPS listener', 'backend pools: group IPs'],
    }),
    `<rect class="vnet" x="320" y="20" width="300" height="${height - 30}" rx="8"></rect>`,
    '<text x="330" y="38" class="strong">Virtual network</text>',
    `<rect class="subnet" x="330" y="46" width="280" height="${subnetBottom - 46}" rx="6"></rect>`,
    '<text x="338" y="62">containers subnet (delegated to ACI)</text>',
    apps.svg,
    box({
      x: 340,
      y: endpointY,
      w: 260,
      h: 44,
      lines: ['private endpoint (sqlServer)', 'privatelink.database.windows.net'],
    }),
    box({ x: 640, y: 30, w: 110, h: 60, lines: ['Key Vault', 'certificate', '(PKCS#12)'] }),
    box({
      x: 640,
      y: 120,
      w: 110,
      h: 60,
      lines: ['Private DNS', 'zones: group A', 'records, SQL'],
    }),
    box({
      x: 640,
      y: endpointY - 8,
      w: 110,
      h: 60,
      lines: ['Azure SQL', 'Database', 'Entra-only'],
    }),
    box({
      x: 10,
      y: height - 90,
      w: 290,
      h: 64,
      kind: 'outside',
      lines: [
        'Functions app (this project)',
        'deploys; keeps DNS records and gateway',
        'pools on current IPs; renews certificate',
      ],
    }),
    arrow('106,192 124,192'),
    arrow('304,192 338,192'),
    arrow('470,' + apps.bottom + ' 470,' + (endpointY - 2)),
    arrow(`600,${endpointY + 22} 638,${endpointY + 22}`),
    arrow('610,60 638,60'),
    arrow('220,160 220,12 695,12 695,28'),
    arrow(`620,150 638,150`, true),
    arrow(`220,${height - 90} 220,226`, true),
    '</svg>',
  ].join('\n');
  return svg;
}
