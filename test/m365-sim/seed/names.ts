/** Names, places and topics the seeded company is made of. */
import type { Address } from '../mime.ts';

export const FIRST = [
  'Adele',
  'Bjørn',
  'Chloé',
  'Dmitri',
  'Émilie',
  'Farah',
  'Gustav',
  'Hiroko',
  'Ines',
  'Jonas',
  'Katarzyna',
  'Luis',
  'Mei',
  'Noé',
  'Olusegun',
  'Priya',
  'Quentin',
  'Renée',
  'Søren',
  'Tomás',
  'Uma',
  'Valérie',
  'Wojciech',
  'Xiadani',
  'Yusuf',
  'Zoë',
  'Amélie',
  'Björk',
  'Çağla',
  'Đorđe',
];
export const LAST = [
  'Andersen',
  'Brennan',
  'Castillo',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Horváth',
  'Ivanova',
  'Jørgensen',
  'Kowalski',
  'López',
  'Müller',
  'Nakamura',
  'O’Connor',
  'Petrović',
  'Quispe',
  'Rossi',
  'Schäfer',
  'Tanaka',
  'Umarov',
  'Van Dijk',
  'Wójcik',
  'Xu',
  'Yılmaz',
  'Zhang',
];
export const DEPARTMENTS = [
  'Sales',
  'Finance',
  'Operations',
  'Engineering',
  'Legal',
  'Marketing',
  'Human Resources',
  'Support',
];
export const TITLES = [
  'Manager',
  'Analyst',
  'Engineer',
  'Coordinator',
  'Director',
  'Specialist',
  'Consultant',
  'Associate',
];
export const CITIES: [string, string, string][] = [
  ['Seattle', 'United States', 'US'],
  ['Toronto', 'Canada', 'CA'],
  ['Dublin', 'Ireland', 'IE'],
  ['München', 'Germany', 'DE'],
  ['Paris', 'France', 'FR'],
  ['London', 'United Kingdom', 'GB'],
  ['Sydney', 'Australia', 'AU'],
  ['Tōkyō', 'Japan', 'JP'],
];
export const GROUPS: { name: string; team: boolean; visibility: 'Public' | 'Private' }[] = [
  { name: 'All Company', team: true, visibility: 'Public' },
  { name: 'Finance Team', team: true, visibility: 'Private' },
  { name: 'Project Ørsted', team: true, visibility: 'Private' },
  { name: 'Sales Europe', team: false, visibility: 'Public' },
  { name: 'Engineering', team: true, visibility: 'Public' },
  { name: 'Social Club', team: false, visibility: 'Public' },
];

export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ß/g, 'ss')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

export const EXTERNAL: Address[] = [
  { name: 'Northwind Freight Billing', address: 'billing@northwind-freight.example' },
  { name: 'Jean-Luc Ménard', address: 'jl.menard@fournisseur.example' },
  { name: 'Tanaka Hiroshi (田中 博)', address: 'h.tanaka@kaisha.example' },
  { name: 'Newsletter — Port Authority', address: 'news@port-authority.example' },
  { name: 'Ana Müller-Lüdenscheidt', address: 'ana@lieferant.example' },
  { name: 'IT Service Desk', address: 'servicedesk@larkspur.example' },
];

export const TOPICS = [
  'Q3 freight forecast',
  'Invoice 4471 — overdue',
  'Warehouse Ørestad lease renewal',
  'Réunion fournisseurs à Lyon',
  'Weekly shipping report',
  'Customs paperwork for container MSCU 448812',
  'Team offsite 🚀 agenda',
  'Contract review: Münchner Spedition GmbH',
  '出荷スケジュールの確認',
  'Password expiry notice',
  'Budget 2026 draft',
  'Driver safety training',
];

export const CATEGORIES = [
  'Red category',
  'Blue category',
  'Green category',
  'Follow up',
  'Clients',
];
