import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { MorRequest } from './context';
import { renderXml, XmlDoc } from './xml';

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** Renders a handler's reply object as MOR's XML. */
@Injectable()
export class XmlReplyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<XmlDoc>): Observable<string> {
    const http = context.switchToHttp();
    const declaration = http.getRequest<MorRequest>().mor?.method.xmlDeclaration;
    http.getResponse<FastifyReply>().type(XML_CONTENT_TYPE);
    return next.handle().pipe(map((doc) => renderXml(doc, declaration)));
  }
}
