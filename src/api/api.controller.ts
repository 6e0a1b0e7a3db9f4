import { Controller, Get, HttpCode, Post, Req, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { MorRequest } from './context';
import { PIPELINE_GUARDS } from './guards/pipeline.guards';
import { validateInput } from './input';
import { MorExceptionFilter } from './mor-exception.filter';
import { MorRegistry } from './registry.service';
import { XmlReplyInterceptor } from './xml-reply.interceptor';
import { XmlDoc } from './xml';

/** The single entry point: /billing/api/<method> (and /api/<method>, rewritten to it). */
@Controller('billing/api')
@UseGuards(...PIPELINE_GUARDS)
@UseInterceptors(XmlReplyInterceptor)
@UseFilters(MorExceptionFilter)
export class ApiController {
  constructor(private readonly registry: MorRegistry) {}

  @Post(':method')
  @HttpCode(200)
  post(@Req() req: MorRequest): Promise<XmlDoc> {
    return this.dispatch(req);
  }

  @Get(':method')
  @HttpCode(200)
  get(@Req() req: MorRequest): Promise<XmlDoc> {
    return this.dispatch(req);
  }

  private async dispatch(req: MorRequest): Promise<XmlDoc> {
    const mor = req.mor!;
    const { handler, options } = this.registry.find(mor.calledAs)!;
    const input = await validateInput(options.input, mor.params);
    return handler(input, mor);
  }
}
