// The preload exposes the contract's methods and nothing else (see main/electron/bridge.ts).
import { methodNames } from '../main/api/contract.ts';
import { exposeApi } from '../main/electron/bridge.ts';

exposeApi(methodNames);
