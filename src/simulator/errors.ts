import { since, type ApiVersion } from './versions.js';
import type { ErrorBodyDto, ErrorCodeDto } from './wire.js';

/** Every v8 `stackTrace` contains it, so tests can prove a trace never leaks. */
export const STACK_TRACE_MARKER = 'at Veeam.Archiver.REST';

/** An expected failure; the router writes it in the body shape of the request's version. */
export class ApiError extends Error {
  readonly errorCode: ErrorCodeDto;

  constructor(
    readonly status: number,
    message: string,
    errorCode?: ErrorCodeDto,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.errorCode = errorCode ?? defaultCode(status);
  }
}

function defaultCode(status: number): ErrorCodeDto {
  switch (status) {
    case 400:
      return 'ParameterValidationFailure';
    case 403:
      return 'ResourceAccessDenied';
    case 404:
      return 'ResourceNotFound';
    case 409:
      return 'OperationConflict';
    default:
      return 'HttpError';
  }
}

/** v5/v6 `{message}`, v7 adds `errorCode`, v8 also `stackTrace`; a path without a served version gets `{message}`. */
export function errorBody(version: ApiVersion | undefined, error: ApiError): ErrorBodyDto {
  if (version === undefined || !since(version, 'v7')) return { message: error.message };
  if (!since(version, 'v8')) return { message: error.message, errorCode: error.errorCode };
  return { message: error.message, errorCode: error.errorCode, stackTrace: stackTrace(error) };
}

function stackTrace(error: ApiError): string {
  return [
    `   ${STACK_TRACE_MARKER}.Common.Errors.RestException.Throw(ErrorCode code, String message)`,
    `   ${STACK_TRACE_MARKER}.Service.Controllers.ControllerBase.Execute[T](Func\`1 action) in C:\\Build\\Archiver\\REST\\ControllerBase.cs:line 212`,
    `   ${STACK_TRACE_MARKER}.Service.Middleware.ErrorHandler.InvokeAsync(HttpContext context) in C:\\Build\\Archiver\\REST\\ErrorHandler.cs:line ${40 + (error.status % 60)}`,
    '   at Microsoft.AspNetCore.Routing.EndpointMiddleware.<Invoke>g__AwaitRequestTask|6_0(Endpoint endpoint, Task requestTask, ILogger logger)',
  ].join('\r\n');
}
