// The IdNat parser lives in shared/ (the renderer validates and shows IdNats too); re-exported for main.
export * from '../../../shared/idnat';
