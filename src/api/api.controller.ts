import { Controller, Get, Header, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MorRequest } from './context';
import { PIPELINE_GUARDS } from './guards/pipeline.guards';
import { validateInput } from './input';
import { MorExceptionFilter } from './mor-exception.filter';
import { MorRegistry } from './registry.service';
import { renderXml, TEXT_CONTENT_TYPE, XML_CONTENT_TYPE } from './xml';

/** The single entry point: /billing/api/<method> or /billing/api/?action=<method> (and /api/…, rewritten to it). */
@Controller('billing/api')
@UseGuards(...PIPELINE_GUARDS)
@UseFilters(MorExceptionFilter)
export class ApiController {
  constructor(private readonly registry: MorRegistry) {}

  /** The method named in the path, or (04 §0.1) in the `action` param of a request to /billing/api/. */
  @Post([':method', ''])
  @HttpCode(200)
  @Header('content-type', XML_CONTENT_TYPE)
  post(@Req() req: MorRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return this.dispatch(req, res);
  }

  @Get([':method', ''])
  @HttpCode(200)
  @Header('content-type', XML_CONTENT_TYPE)
  get(@Req() req: MorRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return this.dispatch(req, res);
  }

  /** Path-style methods: /billing/api/<method>/<value> (the guard puts the value in the method's pathParam). */
  @Post(':method/:arg')
  @HttpCode(200)
  @Header('content-type', XML_CONTENT_TYPE)
  postPath(@Req() req: MorRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return this.dispatch(req, res);
  }

  @Get(':method/:arg')
  @HttpCode(200)
  @Header('content-type', XML_CONTENT_TYPE)
  getPath(@Req() req: MorRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return this.dispatch(req, res);
  }

  /** Runs the handler and renders its reply (here, not in an interceptor: rxjs costs ~10% per request). */
  private async dispatch(req: MorRequest, res: FastifyReply): Promise<string> {
    const mor = req.mor!;
    const { handler, options } = this.registry.find(mor.calledAs)!;
    const input = validateInput(options.input, mor.params);
    const doc = await handler(input, mor);
    if (options.reply === 'text') {
      res.header('content-type', TEXT_CONTENT_TYPE);
      return String(doc.text);
    }
    return renderXml(doc, options.xmlDeclaration);
  }
}
