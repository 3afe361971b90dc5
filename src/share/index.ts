/** Share links: see codec.ts and docs/share-links.md. */
export * from './codec.ts';
