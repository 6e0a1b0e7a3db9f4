import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { replyOf, requestOf } from './guards/mor-of';
import { renderXml, TEXT_CONTENT_TYPE, XML_CONTENT_TYPE, XmlDoc } from './xml';

/**
 * Formats every reply (registered globally, APP_INTERCEPTOR): the handler's document becomes the
 * XML text, with the method's declaration; a bare-text method (`reply: 'text'`, e.g. the balance
 * by device username) answers its `text`. Refusals never get here: MorExceptionFilter renders them.
 */
@Injectable()
export class XmlInterceptor implements NestInterceptor<XmlDoc, string> {
  intercept(context: ExecutionContext, next: CallHandler<XmlDoc>): Observable<string> {
    const method = requestOf(context).mor?.method;
    const reply = replyOf(context);
    if (method?.reply === 'text') {
      void reply.type(TEXT_CONTENT_TYPE);
      return next.handle().pipe(map((doc) => String(doc.text)));
    }
    void reply.type(XML_CONTENT_TYPE);
    return next.handle().pipe(map((doc) => renderXml(doc, method?.xmlDeclaration)));
  }
}
