// Minimal typings for oidc-provider v9 (the package ships none). Only what the sandbox uses; its models
// are dynamic objects, hence `any`.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AnyObject = Record<string, any>;

  export interface KoaContextWithOIDC {
    oidc: AnyObject;
    status: number;
    body: any;
    method: string;
    path: string;
    req: IncomingMessage;
    res: ServerResponse;
    [key: string]: any;
  }

  export interface Adapter {
    upsert(id: string, payload: AnyObject, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AnyObject | undefined>;
    findByUserCode(userCode: string): Promise<AnyObject | undefined>;
    findByUid(uid: string): Promise<AnyObject | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type Configuration = AnyObject;

  class OIDCProviderError extends Error {
    constructor(status?: number, message?: string);
    error: string;
    error_description?: string;
    status: number;
    statusCode: number;
  }

  export const errors: {
    OIDCProviderError: typeof OIDCProviderError;
    AccessDenied: new (description?: string) => OIDCProviderError;
    InvalidRequest: new (description?: string, code?: number) => OIDCProviderError;
    UnknownUserId: new (description?: string) => OIDCProviderError;
    InvalidBindingMessage: new (description?: string) => OIDCProviderError;
    [name: string]: any;
  };

  export interface ModelClass {
    new (payload?: AnyObject): any;
    find(id: string, options?: AnyObject): Promise<any>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void> | void): void;
    on(event: string, listener: (...args: any[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<AnyObject>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: AnyObject, options?: AnyObject): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: AnyObject, options?: AnyObject): Promise<string>;
    backchannelResult(request: any, result: any, options?: AnyObject): Promise<void>;
    urlFor(name: string, opts?: AnyObject): string;
    Grant: ModelClass;
    AccessToken: ModelClass;
    RefreshToken: ModelClass;
    Session: ModelClass;
    Client: ModelClass;
    BackchannelAuthenticationRequest: ModelClass;
    Interaction: ModelClass;
  }
}
