import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, map } from 'rxjs';
import { MorRequest } from './context';
import { renderXml, XML_CONTENT_TYPE, XmlDoc } from './xml';

/**
 * Formats every reply (registered globally, APP_INTERCEPTOR): the handler's document becomes the
 * XML text, with the method's declaration. Refusals never get here: MorExceptionFilter renders them.
 */
@Injectable()
export class XmlInterceptor implements NestInterceptor<XmlDoc, string> {
  intercept(context: ExecutionContext, next: CallHandler<XmlDoc>): Observable<string> {
    const http = context.switchToHttp();
    const declaration = http.getRequest<MorRequest>().mor?.method.xmlDeclaration;
    void http.getResponse<FastifyReply>().type(XML_CONTENT_TYPE);
    return next.handle().pipe(map((doc) => renderXml(doc, declaration)));
  }
}
