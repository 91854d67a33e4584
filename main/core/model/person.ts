// Kept while files under edit elsewhere still import the old path; the model lives in common/.
export * from '../../../common/model/person'
