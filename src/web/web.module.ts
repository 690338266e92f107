import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { webAssets } from './web-assets';

/**
 * The pages people use, at `/`. Registered on module init, after the API's routes and before
 * Nest's not-found handler, so `/api/...` keeps its routes and its JSON 404.
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter.use(webAssets());
  }
}
