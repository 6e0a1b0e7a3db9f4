import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { MorRequest } from './context';
import { validateInput } from './input';
import { MorRegistry } from './registry.service';
import type { XmlDoc } from './xml';

/**
 * The single entry point: /billing/api/<method>, /billing/api/?action=<method> (04 §0.1) and the
 * path-style /billing/api/<method>/<value> (and /api/…, rewritten to it). The global guards
 * (src/api/guards/pipeline.ts) have resolved and authorised the call; the global XmlInterceptor
 * renders what the handler returns; MorExceptionFilter renders refusals.
 */
@Controller('billing/api')
export class ApiController {
  constructor(private readonly registry: MorRegistry) {}

  @Post([':method', '', ':method/:arg'])
  @HttpCode(200)
  post(@Req() req: MorRequest): Promise<XmlDoc> | XmlDoc {
    return this.dispatch(req);
  }

  @Get([':method', '', ':method/:arg'])
  @HttpCode(200)
  get(@Req() req: MorRequest): Promise<XmlDoc> | XmlDoc {
    return this.dispatch(req);
  }

  private dispatch(req: MorRequest): Promise<XmlDoc> | XmlDoc {
    const mor = req.mor!;
    const { handler, options } = this.registry.find(mor.calledAs)!;
    return handler(validateInput(options.input, mor.params), mor);
  }
}
