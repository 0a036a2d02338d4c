export { Alert, type AlertProps } from "./Alert";
export { Button, type ButtonProps, type ButtonVariant } from "./Button";
export { ConfirmDialog, type ConfirmDialogProps } from "./ConfirmDialog";
export { IconButton, type IconButtonProps } from "./IconButton";
export { KindChip, type KindChipProps } from "./KindChip";
export { Select, type SelectOption, type SelectProps } from "./Select";
export { TextArea, TextInput, type TextAreaProps, type TextInputProps } from "./TextInput";
export { Toggle, type ToggleProps } from "./Toggle";
export * from "./icons";
