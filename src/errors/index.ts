export { ERROR_CODES, type ErrorCode } from './codes.js';
export { SquallError, isSquallError, errorMessage, formatDetail, type ErrorDetail } from './squall-error.js';
