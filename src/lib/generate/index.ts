// Record generators: pure builders that round-trip through the parsers, plus DKIM key pairs and publish forms.

export * from './dmarc';
export * from './spf';
export * from './records';
export * from './output';
export * from './dkim-keys';
export * from './draft-check';
