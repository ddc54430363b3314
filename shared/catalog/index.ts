/** The provider-neutral catalog toolkit: what a provider folder builds its catalog from. */
export * from './read';
export * from './inputs';
export * from './costs';
export * from './operations';
export * from './jobs';
export * from './uploads';
export * from './bill';
export * from './pricing';
export * from './readings';
export * from './capabilities';
