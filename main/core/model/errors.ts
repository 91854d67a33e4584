// Kept while files under edit elsewhere still import the old path; the errors live in common/.
export * from '../../../common/errors/core-error'
