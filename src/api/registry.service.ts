import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MorContext } from './context';
import { MOR_METHOD, MorMethodOptions } from './mor-method.decorator';
import type { XmlDoc } from './xml';

export type MorHandler = (input: any, ctx: MorContext) => Promise<XmlDoc> | XmlDoc;

export interface RegisteredMethod {
  options: MorMethodOptions;
  handler: MorHandler;
}

/** Every MOR method and alias, found once at start from the @MorMethod declarations. */
@Injectable()
export class MorRegistry implements OnModuleInit {
  private readonly byName = new Map<string, RegisteredMethod>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of [...this.discovery.getControllers(), ...this.discovery.getProviders()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const options = this.reflector.get<MorMethodOptions | undefined>(MOR_METHOD, prototype[key]);
        if (!options) continue;
        const handler = (prototype[key] as MorHandler).bind(instance);
        for (const name of [options.name, ...(options.aliases ?? [])]) this.add(name, { options, handler });
      }
    }
  }

  private add(name: string, method: RegisteredMethod): void {
    if (this.byName.has(name)) throw new Error(`MOR method name registered twice: ${name}`);
    this.byName.set(name, method);
  }

  find(name: string): RegisteredMethod | undefined {
    return this.byName.get(name);
  }

  /** Each method once (aliases folded), sorted by family then name. */
  methods(): MorMethodOptions[] {
    const unique = new Set([...this.byName.values()].map((m) => m.options));
    return [...unique].sort((a, b) => a.family.localeCompare(b.family) || a.name.localeCompare(b.name));
  }
}
