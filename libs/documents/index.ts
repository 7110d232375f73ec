/** Generated PDF documents: CJK fonts, rendering, 文号 numbering and storage. Reused by notices and bulletins. */
export * from './fonts';
export * from './render';
export * from './numbering';
export * from './store';
export * from './notices';
export * from './issue';
export * from './bulletin';
export * from './printable';
export * from './receipt';
export * from './draft';
