import { Controller, Get, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { MorRequest } from './context';
import { PIPELINE_GUARDS } from './guards/pipeline.guards';
import { validateInput } from './input';
import { MorExceptionFilter } from './mor-exception.filter';
import { MorRegistry } from './registry.service';
import { renderXml, XML_CONTENT_TYPE } from './xml';

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
  post(@Req() req: MorRequest): Promise<string> {
    return this.dispatch(req);
  }

  @Get([':method', ''])
  @HttpCode(200)
  @Header('content-type', XML_CONTENT_TYPE)
  get(@Req() req: MorRequest): Promise<string> {
    return this.dispatch(req);
  }

  /** Runs the handler and renders its reply (here, not in an interceptor: rxjs costs ~10% per request). */
  private async dispatch(req: MorRequest): Promise<string> {
    const mor = req.mor!;
    const { handler, options } = this.registry.find(mor.calledAs)!;
    const input = validateInput(options.input, mor.params);
    return renderXml(await handler(input, mor), options.xmlDeclaration);
  }
}
