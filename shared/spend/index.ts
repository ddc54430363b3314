export * from './limits';
export * from './limiter';
export * from './guard';
export * from './report';
export { spendBookFor, type SpendBook } from './book';
