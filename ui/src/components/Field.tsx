export { FormField as Field } from './ui/form-field';
