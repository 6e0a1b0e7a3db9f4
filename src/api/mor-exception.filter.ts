import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isUniqueViolation } from '../database/unique';
import { MorRequest } from './context';
import { Errors, MorError } from './mor-error';
import { errorDoc, renderXml, TEXT_CONTENT_TYPE, XML_CONTENT_TYPE } from './xml';

/**
 * Every failure leaves as XML. A MorError is a MOR-level answer (HTTP 200, the method's
 * envelope); a route that does not exist is a 404; anything else is our fault, logged
 * without request params (they may hold secrets) and answered without a stack trace.
 */
function clientErrorStatus(exception: unknown): number | undefined {
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** MariaDB's ER_DATA_TOO_LONG (1406) and ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (1366): a value its column cannot hold. */
function isTooLongForColumn(exception: unknown): boolean {
  const e = exception as { driverError?: { code?: unknown; errno?: unknown } } | null;
  const d = (e && typeof e === 'object' && e.driverError) || (exception as { code?: unknown; errno?: unknown } | null) || {};
  return d.errno === 1406 || d.errno === 1366;
}

@Catch()
export class MorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('API');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<MorRequest>();
    const reply = http.getResponse<FastifyReply>();
    const method = req.mor?.method;
    let status = 200;
    let text: string;
    if (exception instanceof MorError) text = method?.uniformError ?? exception.text;
    else if (exception instanceof HttpException && exception.getStatus() === 404) {
      status = 404;
      text = 'Not found';
    } else if (isUniqueViolation(exception)) {
      text = method?.duplicateError ?? Errors.duplicate;
    } else if (isTooLongForColumn(exception)) {
      // MariaDB's strict mode refuses a value its column cannot hold; the write's transaction
      // rolled back, so nothing was written.
      text = Errors.valueNotStorable;
    } else if (clientErrorStatus(exception)) {
      // Raised by Fastify itself before routing: body too large, broken multipart...
      text = clientErrorStatus(exception) === 413 ? 'Request body is too large' : 'Request could not be parsed';
    } else {
      status = 500;
      text = 'Internal error';
      this.logger.error(`${method?.name ?? req.url.split('?')[0]} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    if (method?.reply === 'text' && status === 200) reply.status(status).type(TEXT_CONTENT_TYPE).send(text);
    else reply.status(status).type(XML_CONTENT_TYPE).send(renderXml(errorDoc(text, method?.errorEnvelope), method?.xmlDeclaration));
  }
}
